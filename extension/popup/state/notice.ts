/** What the popup's status bar says after a library action. */
export interface Notice {
  message: string;
  tone: 'info' | 'error';
  /** Offered after a delete. */
  undo?: () => void;
}
