-- POST a risk into one of next year's draft plans.
dofile(os.getenv("WRK_DIR") .. "/common.lua")
wrk.headers["Content-Type"] = "application/json"
local body = [[{"title":"Bristande informationssäkerhet vid byte av leverantör","description":"Risk att information röjs när driften flyttas till ny leverantör.","probability":2,"consequence":3,"handlingMethod":"bevakning","motivation":"Bevakas i ledningsgruppen.","category":"Informationssäkerhet","owner":"IT-chef"}]]
request = function() return wrk.format("POST", "/api/v1/plans/" .. pick(DRAFT_PLANS) .. "/risks", nil, body) end
