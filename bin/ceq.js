#!/usr/bin/env node
import { main } from "../dist/ceq.js";

main(process.argv).then((code) => {
  process.exitCode = code;
});
