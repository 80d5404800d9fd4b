#!/usr/bin/env node
// Kept to syntax old Node versions parse, so they get this message and not a stack trace.
var major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  console.error("create-12-factor-agent needs Node.js 22 or newer (this is " + process.version + "); see https://nodejs.org");
  process.exit(1);
}
import("../dist/cli.js");
