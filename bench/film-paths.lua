-- Requests the paths in the file COLD_PATHS in order, from line COLD_OFFSET + 1 (bench/cold-bench.mjs): each request
-- a film page no request before it asked for, so none is in the page cache. Counts answers by x-page-cache value.
local paths = {}
local at = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("COLD_PATHS")) do
    paths[#paths + 1] = line
  end
  at = tonumber(os.getenv("COLD_OFFSET") or "0")
  states = {}
end

function request()
  at = at + 1
  return wrk.format("GET", paths[(at - 1) % #paths + 1])
end

function response(status, headers, body)
  local state = tostring(status) .. " " .. (headers["x-page-cache"] or "none")
  states[state] = (states[state] or 0) + 1
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for state, n in pairs(thread:get("states")) do
      io.write(string.format("answer %s: %d\n", state, n))
    end
  end
end
