-- wrk script for bench/run_bench.py: optional POST from the environment, counts status codes,
-- and prints one JSON line (prefixed BENCH_JSON) with latency percentiles and requests/s.
--
--   WRK_METHOD=POST WRK_BODY_FILE=/tmp/body WRK_COOKIE='csrftoken=...' \
--     wrk -t2 -c4 -d10s -s bench/wrk/report.lua http://127.0.0.1:PORT/kolding/opret-tilbud/

local method = os.getenv("WRK_METHOD")
local body_file = os.getenv("WRK_BODY_FILE")
local cookie = os.getenv("WRK_COOKIE")

if method and method ~= "" then
   wrk.method = method
end
if body_file and body_file ~= "" then
   local f = assert(io.open(body_file, "rb"))
   wrk.body = f:read("*a")
   f:close()
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
if cookie and cookie ~= "" then
   wrk.headers["Cookie"] = cookie
end

-- A body with "SEQ" in it gets a number unique to each request there (thread x counter).
local unique = wrk.body ~= nil and string.find(wrk.body, "SEQ", 1, true) ~= nil

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_id", #threads)
end

function init(args)
   statuses = {}
   counter = 0
end

if unique then
   function request()
      counter = counter + 1
      local body = string.gsub(wrk.body, "SEQ", thread_id .. "x" .. counter)
      return wrk.format(nil, nil, nil, body)
   end
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
   local counts = {}
   for _, thread in ipairs(threads) do
      local s = thread:get("statuses")
      if s then
         for code, n in pairs(s) do
            counts[code] = (counts[code] or 0) + n
         end
      end
   end
   local parts = {}
   for code, n in pairs(counts) do
      table.insert(parts, string.format('"%s": %d', code, n))
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "rps": %.2f, ' ..
      '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
      '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
      '"statuses": {%s}}\n',
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
      latency.mean, e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", ")))
end
