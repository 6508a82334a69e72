import { createRequire as __myfavCreateRequire } from 'node:module';
import { fileURLToPath as __myfavFileURLToPath } from 'node:url';
import { basename as __myfavBasename, dirname as __myfavDirname, join as __myfavJoin } from 'node:path';
const require = __myfavCreateRequire(import.meta.url);
const __myfavHere = __myfavDirname(__myfavFileURLToPath(import.meta.url));
const __myfavDist = __myfavBasename(__myfavHere) === 'chunks' ? __myfavDirname(__myfavHere) : __myfavHere;
const __myfavPlaywrightLib = __myfavJoin(__myfavDist, 'playwright-core', 'lib');
import{DEFAULT_MODEL,messagesModel}from"./chunk-CRZ3VWCA.js";import{Anthropic}from"./chunk-ORRTUDEH.js";function createAnthropicModel(options){const baseURL=options.baseUrl||process.env.ANTHROPIC_BASE_URL||void 0;const client=new Anthropic({apiKey:options.apiKey,...baseURL?{baseURL}:{},timeout:options.timeoutMs??12e4,maxRetries:options.maxRetries??4});return messagesModel(options.model||DEFAULT_MODEL,client)}export{createAnthropicModel};
