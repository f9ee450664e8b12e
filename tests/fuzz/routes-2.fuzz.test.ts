import { fuzzShard } from "./suite";

// Half of the route table (./suite.ts); the other half runs beside it in routes-1.fuzz.test.ts.
fuzzShard(1, 2);
