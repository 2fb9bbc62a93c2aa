/** Vite turns an imported picture or font into the URL of the emitted file. */
declare module '*.svg' {
  const url: string;
  export default url;
}

/** Stylesheets are bundled by Vite; importing one only adds it to the page. */
declare module '*.css';
