-- Shared by every operation's script (loaded with dofile): the ids the generator wrote to <db>.env and the
-- runner exports, the API key, random ids spread over the whole register, and a done() that prints one
-- tab-separated line the runner collects:  RESULT op req/s p50-ms p99-ms requests non-2xx socket-errors note
function env(name) return tonumber(os.getenv(name)) end
YEAR = env("CURRENT_YEAR")
RISKS = { env("RISK_MIN_" .. env("FIRST_YEAR")), env("RISK_MAX_" .. YEAR) }
CURRENT_RISKS = { env("RISK_MIN_" .. YEAR), env("RISK_MAX_" .. YEAR) }
PLANS = { env("PLAN_MIN_" .. env("FIRST_YEAR")), env("PLAN_MAX_" .. YEAR) }
DRAFT_PLANS = { env("PLAN_MIN_" .. (YEAR + 1)), env("PLAN_MAX_" .. (YEAR + 1)) }
ADMINS = { env("ADMIN_MIN"), env("ADMIN_MAX") }

wrk.headers["X-Api-Key"] = os.getenv("API_KEY")
-- AUTH=token: the admin's bearer token instead of the key.
if os.getenv("BEARER_TOKEN") and os.getenv("BEARER_TOKEN") ~= "" then
  wrk.headers["X-Api-Key"] = nil
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BEARER_TOKEN")
end
wrk.headers["Accept"] = "application/json"

function pick(range) return math.random(range[1], range[2]) end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  math.randomseed(os.time() + 7919 * thread_number)
  first_bad = ""
end

-- Only while probing (warm-up): keep the first non-2xx status and body, to say why an operation failed.
if os.getenv("PROBE") == "1" then
  function response(status, headers, body)
    if (status < 200 or status > 299) and first_bad == "" then
      first_bad = "HTTP " .. status .. ": " .. string.sub(string.gsub(body or "", "[\t\r\n]", " "), 1, 160)
    end
  end
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local note = ""
  for _, thread in ipairs(threads) do
    local bad = thread:get("first_bad")
    if bad ~= nil and bad ~= "" then note = bad end
  end
  io.write(string.format("RESULT\t%s\t%.1f\t%.3f\t%.3f\t%d\t%d\t%d\t%s\n", os.getenv("OP"),
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status, errors, note))
end
