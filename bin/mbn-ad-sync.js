#!/usr/bin/env node
import "../dist/bundle/mbn-ad-sync.js";
