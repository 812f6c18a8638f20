/** An exact decimal written as text, as a test writes its amounts: "12.50" is 1250 at scale 2, "-3.00005" −300005 at scale 5. */
import { decimal, type Decimal } from "../../src/money.js";

export function decimalText(text: string): Decimal {
  const [whole, fraction = ""] = text.split(".");
  return decimal(BigInt(whole! + fraction), fraction.length);
}
