/**
 * Customers simulated from BG/NBD and Gamma-Gamma themselves, with a fixed seed: an independent
 * check of the fits (a fit must give back the parameters the customers were drawn from) and the
 * log of `npm run bench -- --clv`, whose customers differ from one another as the models assume.
 *
 * BG/NBD (Fader, Hardie & Lee 2005, section 2): a customer's purchase rate λ ~ Gamma(r, α) (α a
 * rate), their dropout probability p ~ Beta(a, b); while alive they buy as a Poisson process of
 * rate λ, and after each repeat purchase they leave with probability p (never at the first).
 * Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013): each purchase's
 * amount ~ Gamma(shape p, rate ν), ν ~ Gamma(q, γ) per customer.
 */

/** sfc32 (Chris Doty-Humphrey's PractRand): a small seeded generator, uniform in [0, 1). */
export function random(seed) {
  let [a, b, c, d] = [0x9e3779b9, 0x243f6a88, 0xb7e15162, seed >>> 0];
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let k = 0; k < 16; k++) next();
  return next;
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost U^(1/shape). */
export function gamma(u, shape) {
  if (shape < 1) return gamma(u, shape + 1) * u() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x;
    let v;
    do {
      // A standard normal by Box–Muller.
      x = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (Math.log(w) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * One customer observed for T units after their first purchase: their repeat purchase times in
 * (0, T], and the amounts of all their purchases (the first included) when `spend` is given.
 */
export function simulateCustomer(u, { r, alpha, a, b }, T, spend) {
  const lambda = gamma(u, r) / alpha;
  const ga = gamma(u, a);
  const p = ga / (ga + gamma(u, b));
  const times = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - u()) / lambda;
    if (!(t <= T)) break;
    times.push(t);
    if (u() < p) break;
  }
  if (!spend) return { times };
  const nu = gamma(u, spend.q) / spend.gamma;
  const amounts = Array.from({ length: times.length + 1 }, () => gamma(u, spend.p) / nu);
  return { times, amounts };
}

/** Writes a log of about `rows` rows (customer_id,date,amount) of customers won over 2015–2024, seeded. */
export async function simulateLog(path, rows, seed = 29) {
  const { createWriteStream, statSync } = await import("node:fs");
  const { once } = await import("node:events");
  const u = random(seed);
  // About five rows a customer, as the other benchmark log: λ averages 0.1 a week, p 0.2.
  const purchases = { r: 0.8, alpha: 8, a: 1.5, b: 6 };
  const spend = { p: 6, q: 4, gamma: 15 };
  const start = Date.UTC(2015, 0, 1) / 864e5;
  const days = Date.UTC(2024, 11, 31) / 864e5 - start + 1;
  const out = createWriteStream(path);
  out.write("customer_id,date,amount\n");
  let written = 0;
  let batch = [];
  for (let id = 0; written < rows; id++) {
    const first = Math.floor(u() * days);
    const { times, amounts } = simulateCustomer(u, purchases, (days - 1 - first) / 7, spend);
    const when = [0, ...times];
    for (let k = 0; k < when.length && written < rows; k++, written++) {
      const date = new Date((start + first + Math.floor(when[k] * 7)) * 864e5).toISOString().slice(0, 10);
      const cents = Math.max(1, Math.round(amounts[k] * 100));
      batch.push(`c${id.toString(36).padStart(6, "0")},${date},${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}\n`);
    }
    if (batch.length >= 50_000) {
      if (!out.write(batch.join(""))) await once(out, "drain");
      batch = [];
    }
  }
  out.write(batch.join(""));
  await new Promise((done) => out.end(done));
  return { rows: written, bytes: statSync(path).size, purchases, spend };
}
