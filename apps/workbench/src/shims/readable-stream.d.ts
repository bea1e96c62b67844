// readable-stream 3 is Node's stream module for the browser: the same classes.
declare module 'readable-stream' {
  export { Readable, Writable, Transform } from 'node:stream';
}
