declare module '*.svg' {
  const value: string;
  export default value;
}

// Style sheets load for their effect on the page; the builder's style-loader injects them.
declare module '*.css';
