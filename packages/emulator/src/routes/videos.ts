import type { RouteSpec } from '../route-context.js';

export const VIDEO_ROUTES: RouteSpec[] = [];
