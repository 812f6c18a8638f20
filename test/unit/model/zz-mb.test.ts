import { it } from "vitest";
import { lnA0Hyp2f1 } from "../../../src/model/value/pareto-nbd.js";
import { lnA0Series } from "../../../src/model/value/pareto-smooth.js";
it("mb", () => {
  const out = new Float64Array(10);
  for (const [n, b, z] of [[5.2, 4.1, 0.7], [2.3, 1.1, 0.5], [40, 39, 0.8]]) {
    for (let rep = 0; rep < 2; rep++) {
      let t0 = performance.now(); let acc = 0;
      for (let i = 0; i < 100000; i++) { lnA0Series(n!, b!, z! + i * 1e-9, out, 0); acc += out[0]!; }
      const a = performance.now() - t0; t0 = performance.now();
      for (let i = 0; i < 100000; i++) acc += lnA0Hyp2f1(n!, b!, z! + i * 1e-9);
      const c = performance.now() - t0;
      console.log(`S ${n} ${b} ${z}: series ${(a * 10).toFixed(0)} ns/call, value only ${(c * 10).toFixed(0)} ns/call`, acc > 0);
    }
  }
});
