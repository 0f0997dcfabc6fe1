-- GET one risk, drawn from every year of the register.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
request = function() return wrk.format("GET", "/api/v1/risks/" .. pick(RISKS)) end
