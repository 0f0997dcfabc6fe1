-- The web stack's ceiling: a constant JSON answer, anonymous (Bench:FixedResponse=true).
dofile(os.getenv("WRK_DIR") .. "/common.lua")
wrk.headers["X-Api-Key"] = nil
request = function() return wrk.format("GET", "/api/v1/bench/fixed") end
