/**
 * A tfbench system (the API in mock mode and the dashboard's production server) and headless
 * Chromium, for the dashboard's e2e suite and the dashboard benchmark. A package of its own
 * so that both use one copy without the bench importing the web app's tests.
 */
export * from './browser.js';
export * from './credentials.js';
export * from './paths.js';
export * from './processes.js';
export * from './system.js';
export * from './web-build.js';
