-- The newest page of one plan's history.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
request = function() return wrk.format("GET", "/api/v1/plans/" .. pick(PLANS) .. "/history?limit=50") end
