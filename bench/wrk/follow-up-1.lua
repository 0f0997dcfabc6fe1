-- PUT uppföljning 1 on a risk of this year's adopted plans (recording it again replaces it).
dofile(os.getenv("WRK_DIR") .. "/common.lua")
wrk.headers["Content-Type"] = "application/json"
local body = [[{"handlingStatus":"inProgress","observations":"Kontrollerna genomförda enligt plan.","events":"Inga händelser av betydelse.","probability":3,"consequence":3}]]
request = function() return wrk.format("PUT", "/api/v1/risks/" .. pick(CURRENT_RISKS) .. "/follow-ups/1", nil, body) end
