-- POST "add to basket" with one of the prepared sessions (CSRF cookie, token and
-- basket cookie), rotating so that no two connections keep hitting one basket.
-- bench/load.py writes the sessions into sessions.lua next to this file.
local sessions = dofile(os.getenv("BENCH_SESSIONS"))
local path = os.getenv("BENCH_PATH")
local counter = 0

request = function()
  counter = counter + 1
  local s = sessions[(counter % #sessions) + 1]
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = s.cookie,
  }, s.body)
end
