// Prints a port free on both UDP and TCP on 127.0.0.1 (for run.sh).
import { freePort } from "../../fixtures/peers/free-port.js";

console.log(await freePort("127.0.0.1"));
