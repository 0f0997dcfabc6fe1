-- The riskanalys och riskhanteringsplan of any closed or adopted plan, as JSON.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
request = function() return wrk.format("GET", "/api/v1/plans/" .. pick(PLANS) .. "/summary") end
