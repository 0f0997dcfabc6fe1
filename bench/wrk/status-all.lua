-- Follow-up status of this year for every plan in the register, as the auditors download it: the CSV holds every
-- row (the JSON comes a page at a time).
dofile(os.getenv("WRK_DIR") .. "/common.lua")
wrk.headers["Accept"] = "text/csv"
request = function() return wrk.format("GET", "/api/v1/follow-up-status?year=" .. YEAR) end
