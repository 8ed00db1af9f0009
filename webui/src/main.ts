// The single entry built to /assets/app.js (and, through the style import, /assets/app.css).
import "./styles.css";
import { mount } from "./router";

mount(document);
