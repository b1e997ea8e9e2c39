/** The wall's route: `/wall?layout=4k&tile=2/4` (docs/wall.md). */
export const WALL_PATH = '/wall';
/** Uptime, soft reloads and carousel control of the wall windows on this machine. */
export const WALL_STATUS_PATH = '/wall/status';

export const isWallPath = (path: string): boolean => path === WALL_PATH || path === `${WALL_PATH}/`;
