/**
 * What the client needs of an undici `Dispatcher` (an `Agent`, `ProxyAgent`, `MockAgent`, or Node's
 * own), described by shape: naming undici's class would make every consumer's type check load
 * undici's declarations, and through them `@types/node`, even in a browser or edge project.
 */
export interface DispatcherLike {
  dispatch(options: object, handler: object): boolean;
}
