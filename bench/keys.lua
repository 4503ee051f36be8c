-- wrk script for bench/compare.sh: which URL each request asks for. Read from the environment:
--   BENCH_PREFIX  path before the key number, e.g. /sim/respond/hit/k10k/
--   BENCH_QUERY   query string after it (with its '?'), e.g. ?cache-control=public,+max-age=30&size=1024
--   BENCH_KEYS    how many keys (numbered 1..N)                                   [10000]
--   BENCH_DIST    seq     each thread walks keys 1..N in order, then stops once it has had N answers
--                         (fills a cache; give wrk a -d long enough for that)
--                 uniform every key equally likely
--                 zipf    key k with probability proportional to 1 / k^s (key 1 the hottest)
--                 unique  a key never asked before in this run (the thread number and a counter)
--   BENCH_ZIPF_S  the Zipf exponent s                                             [1.0]
--   BENCH_SEED    seed of the random sequence; thread t uses seed + t, so a run with the same seed,
--                 thread count and length asks for the same keys in the same order [42]
local prefix = os.getenv("BENCH_PREFIX") or "/sim/respond/hit/k/"
local query = os.getenv("BENCH_QUERY") or ""
local keys = tonumber(os.getenv("BENCH_KEYS") or "10000")
local dist = os.getenv("BENCH_DIST") or "uniform"
local zipf_s = tonumber(os.getenv("BENCH_ZIPF_S") or "1.0")
local seed = tonumber(os.getenv("BENCH_SEED") or "42")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local requests = {}   -- the request text of each key, built once: request() only picks one
local cdf = {}        -- zipf: cdf[k] = P(key <= k)
local counter = 0

local function build(k)
  return wrk.format("GET", prefix .. k .. query)
end

function init(args)
  if dist ~= "seq" and dist ~= "uniform" and dist ~= "zipf" and dist ~= "unique" then
    error("BENCH_DIST must be seq, uniform, zipf or unique; got " .. dist)
  end
  if dist == "unique" then
    return
  end
  for k = 1, keys do
    requests[k] = build(k)
  end
  math.randomseed(seed + tid)
  if dist == "seq" then
    -- threads start at different keys (golden-ratio offsets: a thread does not know how many there
    -- are) so that a short fill reaches all keys sooner; each thread still walks all of them
    counter = math.floor((tid - 1) * 0.6180339887 * keys) % keys
  elseif dist == "zipf" then
    local total = 0
    for k = 1, keys do
      total = total + 1 / k ^ zipf_s
      cdf[k] = total
    end
    for k = 1, keys do
      cdf[k] = cdf[k] / total
    end
  end
end

-- the smallest k with cdf[k] >= u
local function zipf_key(u)
  local lo, hi = 1, keys
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

function request()
  if dist == "unique" then
    counter = counter + 1
    return build(tid .. "-" .. counter)
  elseif dist == "seq" then
    counter = counter % keys + 1
    return requests[counter]
  elseif dist == "zipf" then
    return requests[zipf_key(math.random())]
  end
  return requests[math.random(keys)]
end

-- seq only: a thread stops once it has had as many answers as there are keys (wrk asks for the next
-- key while answers are outstanding, so each key has been asked for by then).
local answers = 0
if dist == "seq" then
  function response(status, headers, body)
    answers = answers + 1
    if answers >= keys then
      wrk.thread:stop()
    end
  end
end
