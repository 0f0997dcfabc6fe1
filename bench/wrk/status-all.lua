-- Follow-up status of this year for every plan in the register.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
request = function() return wrk.format("GET", "/api/v1/follow-up-status?year=" .. YEAR) end
