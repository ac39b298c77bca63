-- Each request a page not kept yet, as for the first visitor after a write: the
-- page's address with a parameter no view reads and no two requests share (thread k
-- of n numbers k, k + n, k + 2n…, after the second and thread the run started in), so
-- the page cache misses and the page is rendered, then kept.
local counter = 0
local prefix = ""
local threads_count = tonumber(os.getenv("BENCH_THREADS") or "1")

bench_init = function(args)
  counter = thread_index
  prefix = os.time() .. "-" .. thread_index .. "-"
end

request = function()
  counter = counter + threads_count
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "bench-new=" .. prefix .. counter)
end
