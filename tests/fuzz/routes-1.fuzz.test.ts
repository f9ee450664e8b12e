import { fuzzShard } from "./suite";

// Half of the route table (./suite.ts); the other half runs beside it in routes-2.fuzz.test.ts.
fuzzShard(0, 2);
