/** axe-core's minified build exports what its main entry exports; its package types only that. */
declare module 'axe-core/axe.min.js' {
  import axe from 'axe-core';
  export default axe;
}
