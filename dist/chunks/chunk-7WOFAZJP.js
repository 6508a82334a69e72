import { createRequire as __myfavCreateRequire } from 'node:module';
import { fileURLToPath as __myfavFileURLToPath } from 'node:url';
import { basename as __myfavBasename, dirname as __myfavDirname, join as __myfavJoin } from 'node:path';
const require = __myfavCreateRequire(import.meta.url);
const __myfavHere = __myfavDirname(__myfavFileURLToPath(import.meta.url));
const __myfavDist = __myfavBasename(__myfavHere) === 'chunks' ? __myfavDirname(__myfavHere) : __myfavHere;
const __myfavPlaywrightLib = __myfavJoin(__myfavDist, 'playwright-core', 'lib');
import{endGroup,error,getState,info,notice,saveState,setFailed,setOutput,setSecret,startGroup,summary,warning}from"./chunk-F7KGPOR4.js";function coreRuntime(){return{info:m=>info(m),warning:(m,t)=>warning(m,t??{}),error:(m,t)=>error(m,t??{}),notice:(m,t)=>notice(m,t??{}),setSecret:v=>setSecret(v),setOutput:(n,v)=>setOutput(n,v),setFailed:m=>setFailed(m),saveState:(n,v)=>saveState(n,v),getState:n=>getState(n),appendSummary:async markdown=>{await summary.addRaw(markdown,true).write()},startGroup:n=>startGroup(n),endGroup:()=>endGroup()}}var APP_PID_STATE="app-pid";export{coreRuntime,APP_PID_STATE};
