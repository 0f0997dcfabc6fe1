-- PUT uppföljning 1 on a risk of this year's adopted plans (recording it again replaces it). The values vary, so each
-- PUT is a real change: the same round sent twice is stored once (and would measure a rollback).
dofile(os.getenv("WRK_DIR") .. "/common.lua")
wrk.headers["Content-Type"] = "application/json"
request = function()
  local body = string.format([[{"handlingStatus":"inProgress","observations":"Kontroll %d genomförd enligt plan.","events":"Inga händelser av betydelse.","probability":%d,"consequence":%d}]],
    math.random(1, 1000000), math.random(1, 4), math.random(1, 4))
  return wrk.format("PUT", "/api/v1/risks/" .. pick(CURRENT_RISKS) .. "/follow-ups/1", nil, body)
end
