-- Counts every response by HTTP status (wrk's own "Non-2xx or 3xx" line misses
-- redirects) and prints wrk's summary as one JSON line that bench/load.py reads.
-- A request script placed before this one may define bench_init, and read each
-- thread's number (thread_index, from 0) there.
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads - 1)
end

init = function(args)
  statuses = {}
  if bench_init then bench_init(args) end
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "errors_connect": %d, "errors_read": %d, "errors_write": %d, ' ..
    '"errors_timeout": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), errors.connect, errors.read,
    errors.write, errors.timeout, table.concat(parts, ", ")))
end
