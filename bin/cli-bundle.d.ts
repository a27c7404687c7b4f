/** The compiled CLI (see cli-bundle.js): where it is, whether it is current, and how to build it. */
export declare const bundleFile: string;
export declare function bundleIsFresh(): boolean;
export declare function buildCliBundle(): Promise<string>;
export declare function freshCliBundle(): Promise<string>;
