// Worker threads of Node 20 do not inherit the tsx loader: register it, then load the TS body.
import { register } from "tsx/esm/api";

register();
await import("./worker-body.ts");
