/// <reference types="vite/client" />

/** True in the demo and development builds, which carry the simulated city; false in production. */
declare const __DEMO__: boolean;
/** Test builds only: handles on DOM nodes for end-to-end tests (map, overlay, charts). */
declare const __TEST_HOOKS__: boolean;
