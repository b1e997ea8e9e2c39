/// <reference types="vite/client" />

/** True in the demo and development builds, which carry the simulated city; false in production. */
declare const __DEMO__: boolean;
