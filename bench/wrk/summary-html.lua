-- The same summary as printable HTML.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
wrk.headers["Accept"] = "text/html"
request = function() return wrk.format("GET", "/api/v1/plans/" .. pick(PLANS) .. "/summary") end
