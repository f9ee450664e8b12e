/** Takes the data directory's lock for this process, or throws naming the process that holds it; answers the release. */
export declare function acquireDataDirLock(dataDir: string): () => void;
