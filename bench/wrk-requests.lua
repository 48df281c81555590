-- wrk's requests for npm run bench: a random line of WRK_PATHS each time (and of WRK_BODIES, as a
-- POST, when given), with the bearer token of WRK_TOKEN; prints one JSON line at the end.
local function lines(file)
  local found = {}
  if file and file ~= "" then
    for line in io.lines(file) do found[#found + 1] = line end
  end
  return found
end

local paths = lines(os.getenv("WRK_PATHS"))
local bodies = lines(os.getenv("WRK_BODIES"))
wrk.headers["Accept-Encoding"] = "gzip"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("WRK_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end

request = function()
  local path = paths[math.random(#paths)]
  if #bodies > 0 then return wrk.format("POST", path, nil, bodies[math.random(#bodies)]) end
  return wrk.format("GET", path)
end

done = function(summary, latency)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout + e.status))
end
