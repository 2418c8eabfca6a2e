export declare const SERVER_HEAP: string;
