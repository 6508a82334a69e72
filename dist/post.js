import { createRequire as __myfavCreateRequire } from 'node:module';
import { fileURLToPath as __myfavFileURLToPath } from 'node:url';
import { basename as __myfavBasename, dirname as __myfavDirname, join as __myfavJoin } from 'node:path';
const require = __myfavCreateRequire(import.meta.url);
const __myfavHere = __myfavDirname(__myfavFileURLToPath(import.meta.url));
const __myfavDist = __myfavBasename(__myfavHere) === 'chunks' ? __myfavDirname(__myfavHere) : __myfavHere;
const __myfavPlaywrightLib = __myfavJoin(__myfavDist, 'playwright-core', 'lib');
import{APP_PID_STATE,coreRuntime}from"./chunks/chunk-7WOFAZJP.js";import{groupAlive,terminateGroup}from"./chunks/chunk-RMNWV6WV.js";import"./chunks/chunk-F7KGPOR4.js";import"./chunks/chunk-IUNRUW5G.js";import"./chunks/chunk-WP6XYXJ5.js";async function post(runtime=coreRuntime()){const pid=Number(runtime.getState(APP_PID_STATE));if(!Number.isInteger(pid)||pid<=1)return;try{if(!groupAlive(pid))return;runtime.info(`Stopping the app left running by the main step (process group ${pid}).`);await terminateGroup(pid,5e3)}catch(error){runtime.warning(`Could not stop the app's process group ${pid}: ${error.message}`)}}await post();export{post};
