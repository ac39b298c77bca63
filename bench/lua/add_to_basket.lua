-- POST "add to basket" with one of the prepared sessions (CSRF cookie, token and
-- basket cookie). Thread k of n takes sessions k, k + n, k + 2n…, so two requests in
-- flight never share a basket (concurrent adds to one basket line race in Oscar).
-- bench/load.py writes the sessions to the file named by BENCH_SESSIONS.
local sessions = dofile(os.getenv("BENCH_SESSIONS"))
local path = os.getenv("BENCH_PATH")
local counter = 0
local threads_count = tonumber(os.getenv("BENCH_THREADS") or "1")

bench_init = function(args)
  counter = thread_index
end

request = function()
  counter = counter + threads_count
  local s = sessions[(counter % #sessions) + 1]
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = s.cookie,
  }, s.body)
end
