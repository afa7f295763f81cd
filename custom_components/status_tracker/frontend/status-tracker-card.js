var I=globalThis,B=I.ShadowRoot&&(I.ShadyCSS===void 0||I.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,le=Symbol(),Se=new WeakMap,q=class{constructor(e,t,i){if(this._$cssResult$=!0,i!==le)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,t=this.t;if(B&&e===void 0){let i=t!==void 0&&t.length===1;i&&(e=Se.get(t)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),i&&Se.set(t,e))}return e}toString(){return this.cssText}},Re=s=>new q(typeof s=="string"?s:s+"",void 0,le),D=(s,...e)=>{let t=s.length===1?s[0]:e.reduce((i,o,n)=>i+(r=>{if(r._$cssResult$===!0)return r.cssText;if(typeof r=="number")return r;throw Error("Value passed to 'css' function must be a 'css' function result: "+r+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(o)+s[n+1],s[0]);return new q(t,s,le)},Ee=(s,e)=>{if(B)s.adoptedStyleSheets=e.map(t=>t instanceof CSSStyleSheet?t:t.styleSheet);else for(let t of e){let i=document.createElement("style"),o=I.litNonce;o!==void 0&&i.setAttribute("nonce",o),i.textContent=t.cssText,s.appendChild(i)}},de=B?s=>s:s=>s instanceof CSSStyleSheet?(e=>{let t="";for(let i of e.cssRules)t+=i.cssText;return Re(t)})(s):s;var{is:Ut,defineProperty:zt,getOwnPropertyDescriptor:jt,getOwnPropertyNames:Nt,getOwnPropertySymbols:Ot,getPrototypeOf:Vt}=Object,W=globalThis,Ce=W.trustedTypes,It=Ce?Ce.emptyScript:"",Bt=W.reactiveElementPolyfillSupport,H=(s,e)=>s,ce={toAttribute(s,e){switch(e){case Boolean:s=s?It:null;break;case Object:case Array:s=s==null?s:JSON.stringify(s)}return s},fromAttribute(s,e){let t=s;switch(e){case Boolean:t=s!==null;break;case Number:t=s===null?null:Number(s);break;case Object:case Array:try{t=JSON.parse(s)}catch{t=null}}return t}},ke=(s,e)=>!Ut(s,e),Te={attribute:!0,type:String,converter:ce,reflect:!1,useDefault:!1,hasChanged:ke};Symbol.metadata??=Symbol("metadata"),W.litPropertyMetadata??=new WeakMap;var b=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=Te){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let i=Symbol(),o=this.getPropertyDescriptor(e,i,t);o!==void 0&&zt(this.prototype,e,o)}}static getPropertyDescriptor(e,t,i){let{get:o,set:n}=jt(this.prototype,e)??{get(){return this[t]},set(r){this[t]=r}};return{get:o,set(r){let l=o?.call(this);n?.call(this,r),this.requestUpdate(e,l,i)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??Te}static _$Ei(){if(this.hasOwnProperty(H("elementProperties")))return;let e=Vt(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(H("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(H("properties"))){let t=this.properties,i=[...Nt(t),...Ot(t)];for(let o of i)this.createProperty(o,t[o])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[i,o]of t)this.elementProperties.set(i,o)}this._$Eh=new Map;for(let[t,i]of this.elementProperties){let o=this._$Eu(t,i);o!==void 0&&this._$Eh.set(o,t)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let i=new Set(e.flat(1/0).reverse());for(let o of i)t.unshift(de(o))}else e!==void 0&&t.push(de(e));return t}static _$Eu(e,t){let i=t.attribute;return i===!1?void 0:typeof i=="string"?i:typeof e=="string"?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=new Map,t=this.constructor.elementProperties;for(let i of t.keys())this.hasOwnProperty(i)&&(e.set(i,this[i]),delete this[i]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return Ee(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,i){this._$AK(e,i)}_$ET(e,t){let i=this.constructor.elementProperties.get(e),o=this.constructor._$Eu(e,i);if(o!==void 0&&i.reflect===!0){let n=(i.converter?.toAttribute!==void 0?i.converter:ce).toAttribute(t,i.type);this._$Em=e,n==null?this.removeAttribute(o):this.setAttribute(o,n),this._$Em=null}}_$AK(e,t){let i=this.constructor,o=i._$Eh.get(e);if(o!==void 0&&this._$Em!==o){let n=i.getPropertyOptions(o),r=typeof n.converter=="function"?{fromAttribute:n.converter}:n.converter?.fromAttribute!==void 0?n.converter:ce;this._$Em=o;let l=r.fromAttribute(t,n.type);this[o]=l??this._$Ej?.get(o)??l,this._$Em=null}}requestUpdate(e,t,i,o=!1,n){if(e!==void 0){let r=this.constructor;if(o===!1&&(n=this[e]),i??=r.getPropertyOptions(e),!((i.hasChanged??ke)(n,t)||i.useDefault&&i.reflect&&n===this._$Ej?.get(e)&&!this.hasAttribute(r._$Eu(e,i))))return;this.C(e,t,i)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(e,t,{useDefault:i,reflect:o,wrapped:n},r){i&&!(this._$Ej??=new Map).has(e)&&(this._$Ej.set(e,r??t??this[e]),n!==!0||r!==void 0)||(this._$AL.has(e)||(this.hasUpdated||i||(t=void 0),this._$AL.set(e,t)),o===!0&&this._$Em!==e&&(this._$Eq??=new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(t){Promise.reject(t)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[o,n]of this._$Ep)this[o]=n;this._$Ep=void 0}let i=this.constructor.elementProperties;if(i.size>0)for(let[o,n]of i){let{wrapped:r}=n,l=this[o];r!==!0||this._$AL.has(o)||l===void 0||this.C(o,void 0,n,l)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(i=>i.hostUpdate?.()),this.update(t)):this._$EM()}catch(i){throw e=!1,this._$EM(),i}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(t=>t.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(t=>this._$ET(t,this[t])),this._$EM()}updated(e){}firstUpdated(e){}};b.elementStyles=[],b.shadowRootOptions={mode:"open"},b[H("elementProperties")]=new Map,b[H("finalized")]=new Map,Bt?.({ReactiveElement:b}),(W.reactiveElementVersions??=[]).push("2.1.2");var ue=globalThis,Pe=s=>s,K=ue.trustedTypes,Le=K?K.createPolicy("lit-html",{createHTML:s=>s}):void 0,he="$lit$",w=`lit$${Math.random().toFixed(9).slice(2)}$`,fe="?"+w,Wt=`<${fe}>`,R=document,z=()=>R.createComment(""),j=s=>s===null||typeof s!="object"&&typeof s!="function",me=Array.isArray,ze=s=>me(s)||typeof s?.[Symbol.iterator]=="function",pe=`[ 	
\f\r]`,U=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Me=/-->/g,qe=/>/g,A=RegExp(`>|${pe}(?:([^\\s"'>=/]+)(${pe}*=${pe}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),De=/'/g,He=/"/g,je=/^(?:script|style|textarea|title)$/i,ge=s=>(e,...t)=>({_$litType$:s,strings:e,values:t}),d=ge(1),hs=ge(2),fs=ge(3),_=Symbol.for("lit-noChange"),h=Symbol.for("lit-nothing"),Ue=new WeakMap,S=R.createTreeWalker(R,129);function Ne(s,e){if(!me(s)||!s.hasOwnProperty("raw"))throw Error("invalid template strings array");return Le!==void 0?Le.createHTML(e):e}var Oe=(s,e)=>{let t=s.length-1,i=[],o,n=e===2?"<svg>":e===3?"<math>":"",r=U;for(let l=0;l<t;l++){let a=s[l],p,f,c=-1,u=0;for(;u<a.length&&(r.lastIndex=u,f=r.exec(a),f!==null);)u=r.lastIndex,r===U?f[1]==="!--"?r=Me:f[1]!==void 0?r=qe:f[2]!==void 0?(je.test(f[2])&&(o=RegExp("</"+f[2],"g")),r=A):f[3]!==void 0&&(r=A):r===A?f[0]===">"?(r=o??U,c=-1):f[1]===void 0?c=-2:(c=r.lastIndex-f[2].length,p=f[1],r=f[3]===void 0?A:f[3]==='"'?He:De):r===He||r===De?r=A:r===Me||r===qe?r=U:(r=A,o=void 0);let m=r===A&&s[l+1].startsWith("/>")?" ":"";n+=r===U?a+Wt:c>=0?(i.push(p),a.slice(0,c)+he+a.slice(c)+w+m):a+w+(c===-2?l:m)}return[Ne(s,n+(s[t]||"<?>")+(e===2?"</svg>":e===3?"</math>":"")),i]},N=class s{constructor({strings:e,_$litType$:t},i){let o;this.parts=[];let n=0,r=0,l=e.length-1,a=this.parts,[p,f]=Oe(e,t);if(this.el=s.createElement(p,i),S.currentNode=this.el.content,t===2||t===3){let c=this.el.content.firstChild;c.replaceWith(...c.childNodes)}for(;(o=S.nextNode())!==null&&a.length<l;){if(o.nodeType===1){if(o.hasAttributes())for(let c of o.getAttributeNames())if(c.endsWith(he)){let u=f[r++],m=o.getAttribute(c).split(w),g=/([.?@])?(.*)/.exec(u);a.push({type:1,index:n,name:g[2],strings:m,ctor:g[1]==="."?F:g[1]==="?"?J:g[1]==="@"?Q:C}),o.removeAttribute(c)}else c.startsWith(w)&&(a.push({type:6,index:n}),o.removeAttribute(c));if(je.test(o.tagName)){let c=o.textContent.split(w),u=c.length-1;if(u>0){o.textContent=K?K.emptyScript:"";for(let m=0;m<u;m++)o.append(c[m],z()),S.nextNode(),a.push({type:2,index:++n});o.append(c[u],z())}}}else if(o.nodeType===8)if(o.data===fe)a.push({type:2,index:n});else{let c=-1;for(;(c=o.data.indexOf(w,c+1))!==-1;)a.push({type:7,index:n}),c+=w.length-1}n++}}static createElement(e,t){let i=R.createElement("template");return i.innerHTML=e,i}};function E(s,e,t=s,i){if(e===_)return e;let o=i!==void 0?t._$Co?.[i]:t._$Cl,n=j(e)?void 0:e._$litDirective$;return o?.constructor!==n&&(o?._$AO?.(!1),n===void 0?o=void 0:(o=new n(s),o._$AT(s,t,i)),i!==void 0?(t._$Co??=[])[i]=o:t._$Cl=o),o!==void 0&&(e=E(s,o._$AS(s,e.values),o,i)),e}var G=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:i}=this._$AD,o=(e?.creationScope??R).importNode(t,!0);S.currentNode=o;let n=S.nextNode(),r=0,l=0,a=i[0];for(;a!==void 0;){if(r===a.index){let p;a.type===2?p=new P(n,n.nextSibling,this,e):a.type===1?p=new a.ctor(n,a.name,a.strings,this,e):a.type===6&&(p=new Y(n,this,e)),this._$AV.push(p),a=i[++l]}r!==a?.index&&(n=S.nextNode(),r++)}return S.currentNode=R,o}p(e){let t=0;for(let i of this._$AV)i!==void 0&&(i.strings!==void 0?(i._$AI(e,i,t),t+=i.strings.length-2):i._$AI(e[t])),t++}},P=class s{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,i,o){this.type=2,this._$AH=h,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=i,this.options=o,this._$Cv=o?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=E(this,e,t),j(e)?e===h||e==null||e===""?(this._$AH!==h&&this._$AR(),this._$AH=h):e!==this._$AH&&e!==_&&this._(e):e._$litType$!==void 0?this.$(e):e.nodeType!==void 0?this.T(e):ze(e)?this.k(e):this._(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==h&&j(this._$AH)?this._$AA.nextSibling.data=e:this.T(R.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:i}=e,o=typeof i=="number"?this._$AC(e):(i.el===void 0&&(i.el=N.createElement(Ne(i.h,i.h[0]),this.options)),i);if(this._$AH?._$AD===o)this._$AH.p(t);else{let n=new G(o,this),r=n.u(this.options);n.p(t),this.T(r),this._$AH=n}}_$AC(e){let t=Ue.get(e.strings);return t===void 0&&Ue.set(e.strings,t=new N(e)),t}k(e){me(this._$AH)||(this._$AH=[],this._$AR());let t=this._$AH,i,o=0;for(let n of e)o===t.length?t.push(i=new s(this.O(z()),this.O(z()),this,this.options)):i=t[o],i._$AI(n),o++;o<t.length&&(this._$AR(i&&i._$AB.nextSibling,o),t.length=o)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let i=Pe(e).nextSibling;Pe(e).remove(),e=i}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},C=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,i,o,n){this.type=1,this._$AH=h,this._$AN=void 0,this.element=e,this.name=t,this._$AM=o,this.options=n,i.length>2||i[0]!==""||i[1]!==""?(this._$AH=Array(i.length-1).fill(new String),this.strings=i):this._$AH=h}_$AI(e,t=this,i,o){let n=this.strings,r=!1;if(n===void 0)e=E(this,e,t,0),r=!j(e)||e!==this._$AH&&e!==_,r&&(this._$AH=e);else{let l=e,a,p;for(e=n[0],a=0;a<n.length-1;a++)p=E(this,l[i+a],t,a),p===_&&(p=this._$AH[a]),r||=!j(p)||p!==this._$AH[a],p===h?e=h:e!==h&&(e+=(p??"")+n[a+1]),this._$AH[a]=p}r&&!o&&this.j(e)}j(e){e===h?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??"")}},F=class extends C{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===h?void 0:e}},J=class extends C{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==h)}},Q=class extends C{constructor(e,t,i,o,n){super(e,t,i,o,n),this.type=5}_$AI(e,t=this){if((e=E(this,e,t,0)??h)===_)return;let i=this._$AH,o=e===h&&i!==h||e.capture!==i.capture||e.once!==i.once||e.passive!==i.passive,n=e!==h&&(i===h||o);o&&this.element.removeEventListener(this.name,this,i),n&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},Y=class{constructor(e,t,i){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=i}get _$AU(){return this._$AM._$AU}_$AI(e){E(this,e)}},Ve={M:he,P:w,A:fe,C:1,L:Oe,R:G,D:ze,V:E,I:P,H:C,N:J,U:Q,B:F,F:Y},Kt=ue.litHtmlPolyfillSupport;Kt?.(N,P),(ue.litHtmlVersions??=[]).push("3.3.3");var Ie=(s,e,t)=>{let i=t?.renderBefore??e,o=i._$litPart$;if(o===void 0){let n=t?.renderBefore??null;i._$litPart$=o=new P(e.insertBefore(z(),n),n,void 0,t??{})}return o._$AI(s),o};var _e=globalThis,v=class extends b{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=Ie(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return _}};v._$litElement$=!0,v.finalized=!0,_e.litElementHydrateSupport?.({LitElement:v});var Gt=_e.litElementPolyfillSupport;Gt?.({LitElement:v});(_e.litElementVersions??=[]).push("4.2.2");var Be={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},Z=s=>(...e)=>({_$litDirective$:s,values:e}),L=class{constructor(e){}get _$AU(){return this._$AM._$AU}_$AT(e,t,i){this._$Ct=e,this._$AM=t,this._$Ci=i}_$AS(e,t){return this.update(e,t)}update(e,t){return this.render(...t)}};var Ft={},We=Z(class extends L{constructor(){super(...arguments),this.ot=Ft}render(s,e){return e()}update(s,[e,t]){if(Array.isArray(e)){if(Array.isArray(this.ot)&&this.ot.length===e.length&&e.every((i,o)=>i===this.ot[o]))return _}else if(this.ot===e)return _;return this.ot=Array.isArray(e)?Array.from(e):e,this.render(e,t)}});var{I:Jt}=Ve,Ke=s=>s;var Ge=()=>document.createComment(""),M=(s,e,t)=>{let i=s._$AA.parentNode,o=e===void 0?s._$AB:e._$AA;if(t===void 0){let n=i.insertBefore(Ge(),o),r=i.insertBefore(Ge(),o);t=new Jt(n,r,s,s.options)}else{let n=t._$AB.nextSibling,r=t._$AM,l=r!==s;if(l){let a;t._$AQ?.(s),t._$AM=s,t._$AP!==void 0&&(a=s._$AU)!==r._$AU&&t._$AP(a)}if(n!==o||l){let a=t._$AA;for(;a!==n;){let p=Ke(a).nextSibling;Ke(i).insertBefore(a,o),a=p}}}return t},x=(s,e,t=s)=>(s._$AI(e,t),s),Qt={},Fe=(s,e=Qt)=>s._$AH=e,Je=s=>s._$AH,X=s=>{s._$AR(),s._$AA.remove()};var Qe=(s,e,t)=>{let i=new Map;for(let o=e;o<=t;o++)i.set(s[o],o);return i},O=Z(class extends L{constructor(s){if(super(s),s.type!==Be.CHILD)throw Error("repeat() can only be used in text expressions")}dt(s,e,t){let i;t===void 0?t=e:e!==void 0&&(i=e);let o=[],n=[],r=0;for(let l of s)o[r]=i?i(l,r):r,n[r]=t(l,r),r++;return{values:n,keys:o}}render(s,e,t){return this.dt(s,e,t).values}update(s,[e,t,i]){let o=Je(s),{values:n,keys:r}=this.dt(e,t,i);if(!Array.isArray(o))return this.ut=r,n;let l=this.ut??=[],a=[],p,f,c=0,u=o.length-1,m=0,g=n.length-1;for(;c<=u&&m<=g;)if(o[c]===null)c++;else if(o[u]===null)u--;else if(l[c]===r[m])a[m]=x(o[c],n[m]),c++,m++;else if(l[u]===r[g])a[g]=x(o[u],n[g]),u--,g--;else if(l[c]===r[g])a[g]=x(o[c],n[g]),M(s,a[g+1],o[c]),c++,g--;else if(l[u]===r[m])a[m]=x(o[u],n[m]),M(s,o[c],o[u]),u--,m++;else if(p===void 0&&(p=Qe(r,m,g),f=Qe(l,c,u)),p.has(l[c]))if(p.has(l[u])){let $=f.get(r[m]),y=$!==void 0?o[$]:null;if(y===null){let k=M(s,o[c]);x(k,n[m]),a[m]=k}else a[m]=x(y,n[m]),M(s,o[c],y),o[$]=null;m++}else X(o[u]),u--;else X(o[c]),c++;for(;m<=g;){let $=M(s,a[g+1]);x($,n[m]),a[m++]=$}for(;c<=u;){let $=o[c++];$!==null&&X($)}return this.ut=r,Fe(s,a),_}});function $e(s){return s.series_id===void 0?"":`${s.config_entry_id??""}/${s.series_id}`}function Ye(s,e){let{series_id:t,config_entry_id:i,...o}=s;if(e==="")return o;let[n,r]=e.split("/");return{...o,...n?{config_entry_id:n}:{},series_id:Number(r)}}function Ze(s){if(!s||typeof s!="object")throw new Error("Invalid configuration");let{series_id:e}=s;if(e!==void 0&&!(Number.isInteger(e)&&e>0))throw new Error("series_id must be a whole number of at least 1");return s}var Xe=["sonarr","qbittorrent","jellyfin","jellyseerr","shoko"];function et(s){let e=Xe.indexOf(s);return e===-1?Xe.length:e}function tt(s,e){return{text:e(`action.${s.action}`,{targets:(s.labels??s.targets).join(", ")}),why:s.why,failed:s.ok===!1?e("delete.step_failed",{message:s.message??""}):null}}function st(s,e,t){return[...new Set([...s.map(o=>o.service),...e.map(o=>o.service)])].sort((o,n)=>et(o)-et(n)).map(o=>({service:o,label:t(`service.${o}`),steps:s.filter(n=>n.service===o).map(n=>tt(n,t)),kept:e.filter(n=>n.service===o).map(({target:n,label:r,why:l})=>({target:r??n,why:l}))}))}function it(s,e,t){return e?t("delete.series"):t("delete.episodes",{episodes:s.episodes.join(", ")})}function ye(s){return s.steps.length===0}function ot(s,e){return{summary:s.summary,partial:s.partial,failedSteps:s.steps.filter(t=>t.ok===!1).map(t=>tt(t,e))}}function nt(s,e){return d`${s.map(t=>d`<h4>${t.label}</h4>
      <ul>
        ${t.steps.map(i=>d`<li>
            ${i.text}${i.why?d`<div class="why">${i.why}</div>`:h}
            ${i.failed?d`<div class="failed">${i.failed}</div>`:h}
          </li>`)}
        ${t.kept.map(i=>d`<li>${e("delete.kept")}: ${i.target}<div class="why">${i.why}</div></li>`)}
      </ul>`)}`}function Yt(s,e,t){return d`<p>${it(s,e,t)}</p>
    ${ye(s)?d`<p>${t("delete.nothing")}</p>`:nt(st(s.steps,s.kept,t),t)}
    ${s.already_gone.length?d`<p class="muted">${t("delete.already_gone",{items:s.already_gone.join(", ")})}</p>`:h}
    ${s.warnings.length?d`<h4>${t("delete.warnings")}</h4>
          <ul class="warning">
            ${s.warnings.map(i=>d`<li>${i}</li>`)}
          </ul>`:h}`}function Zt(s,e){switch(s.phase){case"planning":return d`<p>${e("delete.planning")}</p>`;case"confirm":case"running":return Yt(s.plan,s.cascade,e);case"done":{let t=ot(s.log,e);return d`<p class=${t.partial?"failed":"available"}>${t.summary}</p>
        ${t.failedSteps.length?d`<h4>${e("delete.failed_steps")}</h4>
              ${nt([{service:"",label:"",steps:t.failedSteps,kept:[]}],e)}`:h}`}case"error":return d`<p class="failed">${s.message}</p>`}}function Xt(s,e,t){return s.phase==="done"?t("delete.done"):t("delete.title",{title:e})}function rt(s,e,t,i){let o=s.phase==="confirm"&&!ye(s.plan),n=s.phase==="planning"||s.phase==="running";return d`<div class="scrim" @keydown=${l=>{l.key==="Escape"&&!n&&i.close()}}>
    <div role="dialog" aria-modal="true" aria-labelledby="deletion-title" aria-busy=${n?"true":"false"}>
      <h3 id="deletion-title">${Xt(s,e,t)}</h3>
      ${Zt(s,t)}
      <div class="actions">
        ${s.phase==="done"||s.phase==="error"?d`<button class="action" autofocus @click=${i.close}>${t("delete.close")}</button>`:d`<button class="action" ?disabled=${n} @click=${i.close}>${t("delete.cancel")}</button>
              <button class="action danger filled" ?disabled=${!o} @click=${i.confirm}>
                ${s.phase==="running"?t("delete.running"):t("delete.confirm")}
              </button>`}
      </div>
    </div>
  </div>`}function at(s,e){let t=new Set(e.removed??[]),i=new Map((e.episodes??[]).map(a=>[a.episode_id,a])),o=new Map;for(let{season:a,episodes:p}of s.seasons)for(let f of p)t.has(f.episode_id)||i.has(f.episode_id)||o.set(a,[...o.get(a)??[],f]);for(let a of i.values())o.set(a.season,[...o.get(a.season)??[],a]);let n=new Map(s.seasons.map(a=>[a.season,a])),r=new Set([...i.values()].map(a=>a.season));for(let{season:a,episodes:p}of s.seasons)p.some(f=>t.has(f.episode_id))&&r.add(a);let l=[...o.entries()].sort(([a],[p])=>a-p).map(([a,p])=>r.has(a)?{season:a,episodes:p.sort((f,c)=>f.episode-c.episode)}:n.get(a));return{...s,...e.changed??{},seasons:l,downloads:es(s.downloads,e)}}function es(s,e){if(!e.downloads&&!e.downloads_removed)return s;let t=new Set(e.downloads_removed??[]),i=new Map((e.downloads??[]).map(r=>[r.download_id,r])),o=s.filter(r=>!t.has(r.download_id)).map(r=>i.get(r.download_id)??r),n=new Set(s.map(r=>r.download_id));return[...o,...[...i.values()].filter(r=>!n.has(r.download_id))]}var ve=s=>`${s.entry_id}/${s.series_id}`;function lt(s,e){let t=new Map(s.map(i=>[ve(i),i]));for(let i of e.removed??[])t.delete(ve(i));for(let i of e.changed??[])t.set(ve(i),i);return[...t.values()]}function dt(s){return[...s].sort((e,t)=>Date.parse(t.activity)-Date.parse(e.activity)||e.title.localeCompare(t.title))}function ct(s,e,t){let i=null,o={type:"status_tracker/request/subscribe",...e};return s.connection.subscribeMessage(n=>{"full"in n?i=n.full:"patch"in n&&i?i=at(i,n.patch):i=null,t(i?{tree:i}:{gone:!0})},o)}function ee(s,e){let t=[];return s.connection.subscribeMessage(i=>{"full"in i?t=i.full:"patch"in i&&(t=lt(t,i.patch)),e(t)},{type:"status_tracker/requests/subscribe"})}function te(s){return s&&typeof s=="object"&&"message"in s?String(s.message):String(s)}var T={card:{name:"Status Tracker",description:"Where is my show? A request's seasons and episodes, live, with deletion.",overall:"Overall: {available}/{total} episodes ({percent} %)",bytes:"Downloaded: {percent} %",eta:"ETA {eta}",requested_by:"Requested by {name}",season:"Season {season}",specials:"Specials",all_requests:"All requests",no_requests:"No request is tracked.",loading:"Loading…",gone:"This request is no longer tracked.",error:"Could not load: {message}",pick_request:"Pick a request in the card's settings.",pack:"pack: {release}",files_of:"{count} episodes from this torrent",speed:"{speed}/s",waiting_jellyfin:"Imported, waiting for Jellyfin",stalled:"Stalled",paused:"Paused",upgrading:"Upgrading",last_deletion:"Last deletion: {summary}"},status:{pending:"Pending",searching:"Searching",found:"Found",downloading:"Downloading",importing:"Importing",available:"Available",failed:"Failed",requested:"Requested",partially_available:"Partially available"},release_type:{season_pack:"season pack",single_episode:"single",multi_episode:"multi",unknown:"release"},delete:{select_episode:"Select {episode} for deletion",select_season:"Select season {season} for deletion",selected:"{count} selected",delete_selected:"Delete selected",delete_series:"Delete series",planning:"Planning…",title:"Delete from {title}?",episodes:"Episodes: {episodes}",series:"The whole series",kept:"Kept",already_gone:"Already gone: {items}",warnings:"Warnings",nothing:"Nothing to do.",confirm:"Delete",cancel:"Cancel",close:"Close",running:"Deleting…",done:"Deletion finished",failed_steps:"Failed steps",step_ok:"done",step_failed:"failed: {message}"},service:{sonarr:"Sonarr",qbittorrent:"qBittorrent",jellyfin:"Jellyfin",jellyseerr:"Jellyseerr",shoko:"Shoko"},action:{unmonitor:"Unmonitor {targets}",remove_torrent:"Remove torrent and its data: {targets}",skip_files:"Stop downloading files: {targets}",delete_episode_files:"Delete episode files: {targets}",delete_series:"Delete the series with its files: {targets}",sync_library:"Forget deleted files: {targets}",delete_library_series:"Remove the series from the library: {targets}",set_media_status:"Update availability: {targets}",delete_requests:"Remove requests: {targets}",delete_media:"Remove the media record: {targets}",forget_files:"Forget file records (files stay): {targets}",rescan:"Rescan: {targets}"},editor:{request:"Request",all:"All requests",compact:"Compact (small tiles)",title:"Title (optional)"}};var pt={en:T},ut=new Map;function se(s){let e=s??"",t=ut.get(e);return t||(t=ts(s),ut.set(e,t)),t}function ts(s){let e=(s??"en").split("-")[0],t=pt[s??""]??pt[e]??T;return(i,o={})=>{let[n,r]=i.split(".",2);return(t[n]?.[r]??T[n]?.[r]??i).replace(/\{(\w+)\}/g,(a,p)=>p in o?String(o[p]):a)}}function ss(s){return s.status==="downloading"||s.status==="failed"||s.stalled||s.paused||s.reason||s.messages.length>0?null:s.status==="importing"&&s.awaiting_jellyfin?"importing:jellyfin":s.status==="found"?`found:${s.download_id??s.release??""}`:s.status}function is(s){let e=[...s].sort((i,o)=>i.episode-o.episode),t=[];for(let i of e){let o=ss(i),n=t[t.length-1];n&&o!==null&&n.key===o&&i.episode===n.last+1?(n.last=i.episode,n.episodes.push(i)):t.push({first:i.episode,last:i.episode,episodes:[i],key:o})}return t}function ht(s){return[...s.seasons].sort((e,t)=>e.season-t.season).map(({season:e,episodes:t})=>({season:e,episodes:t,groups:is(t),available:t.filter(i=>i.status==="available").length}))}var ft=["B","KB","MB","GB","TB"];function mt(s){let e=s,t=0;for(;e>=1024&&t<ft.length-1;)e/=1024,t+=1;let i=e<10&&t>0?1:0;return`${e.toFixed(i)} ${ft[t]}`}function os(s){let e=Math.max(0,Math.round(s));if(e<60)return`${e} s`;let t=Math.round(e/60);if(t<60)return`${t} min`;let i=Math.floor(t/60);return i<24?`${i} h ${String(t%60).padStart(2,"0")} min`:`${Math.floor(i/24)} d ${i%24} h`}function ie(s,e){if(!s)return null;let t=Date.parse(s);return Number.isNaN(t)?null:os((t-e)/1e3)}var V=s=>String(s).padStart(2,"0");function be(s,e){return`S${V(s)}E${V(e)}`}function gt(s,e){return s===e?`E${V(s)}`:`E${V(s)}–E${V(e)}`}function _t(s,e){let t=s.filter(l=>e.has(l.episode_id)).sort((l,a)=>l.season-a.season||l.episode-a.episode),i=[],o,n,r=()=>{!o||!n||i.push(o===n?be(o.season,o.episode):`${be(o.season,o.episode)}-E${String(n.episode).padStart(2,"0")}`)};for(let l of t){if(n&&l.season===n.season&&l.episode===n.episode+1){n=l;continue}r(),o=n=l}return r(),i}function we(s,e){let t=s.filter(i=>e.has(i.episode_id)).length;return t===0?"none":t===s.length?"all":"some"}function $t(s,e){let t=new Set(s),i=e.every(o=>t.has(o.episode_id));for(let o of e)i?t.delete(o.episode_id):t.add(o.episode_id);return t}function yt(s,e){let t=new Set(e.map(i=>i.episode_id));return new Set([...s].filter(i=>t.has(i)))}var vt=D`
  :host {
    display: block;
  }
  ha-card {
    padding: 16px;
    color: var(--primary-text-color);
  }
  header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
    flex-wrap: wrap;
  }
  h2 {
    margin: 0;
    font-size: var(--ha-card-header-font-size, 1.25rem);
    font-weight: 500;
  }
  .muted {
    color: var(--secondary-text-color);
    font-size: 0.875rem;
  }
  .overall {
    margin: 12px 0;
    display: grid;
    gap: 4px;
  }
  .line {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    flex-wrap: wrap;
  }
  .bar {
    height: 6px;
    border-radius: 3px;
    background: var(--divider-color, rgba(127, 127, 127, 0.25));
    overflow: hidden;
  }
  .bar > div {
    height: 100%;
    background: var(--primary-color);
  }
  .bar.bytes > div {
    background: var(--accent-color, var(--primary-color));
  }
  .season {
    margin-top: 8px;
    border-top: 1px solid var(--divider-color, rgba(127, 127, 127, 0.25));
    padding-top: 8px;
  }
  .season-head {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 500;
  }
  .row {
    display: grid;
    grid-template-columns: auto 5.5em 24px 1fr;
    align-items: center;
    gap: 4px 8px;
    padding: 2px 0;
  }
  .row.no-select {
    grid-template-columns: 5.5em 24px 1fr;
  }
  .row .detail {
    grid-column: -2 / -1;
    display: flex;
    flex-direction: column;
    gap: 2px;
    /* A grid item is as wide as its longest word by default: release names have no spaces. */
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .code {
    font-variant-numeric: tabular-nums;
  }
  .available {
    color: var(--success-color, #43a047);
  }
  .failed,
  .stalled {
    color: var(--error-color, #db4437);
  }
  .downloading,
  .importing {
    color: var(--info-color, var(--primary-color));
  }
  .release {
    font-size: 0.8rem;
    color: var(--secondary-text-color);
    overflow-wrap: anywhere;
  }
  button.link {
    background: none;
    border: none;
    color: var(--primary-color);
    cursor: pointer;
    padding: 0 4px;
    font: inherit;
  }
  .actions {
    display: flex;
    gap: 8px;
    justify-content: flex-end;
    align-items: center;
    flex-wrap: wrap;
    margin-top: 12px;
  }
  button.action {
    font: inherit;
    padding: 6px 12px;
    border-radius: 4px;
    border: 1px solid var(--primary-color);
    background: none;
    color: var(--primary-color);
    cursor: pointer;
  }
  button.action.danger {
    border-color: var(--error-color, #db4437);
    color: var(--error-color, #db4437);
  }
  button.action.danger.filled {
    background: var(--error-color, #db4437);
    color: var(--text-primary-color, #fff);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .request {
    padding: 6px 0;
    display: grid;
    gap: 2px;
  }
  .compact .season-line {
    display: flex;
    justify-content: space-between;
  }
  .scrim {
    position: fixed;
    inset: 0;
    background: rgba(0, 0, 0, 0.5);
    display: flex;
    align-items: center;
    justify-content: center;
    z-index: 10;
  }
  [role="dialog"] {
    background: var(--card-background-color, var(--ha-card-background, #fff));
    color: var(--primary-text-color);
    border-radius: var(--ha-card-border-radius, 12px);
    padding: 16px;
    width: min(560px, 92vw);
    max-height: 85vh;
    overflow: auto;
  }
  [role="dialog"] h3 {
    margin: 0 0 8px;
  }
  [role="dialog"] h4 {
    margin: 12px 0 4px;
  }
  [role="dialog"] ul {
    margin: 0;
    padding-left: 20px;
  }
  .why {
    color: var(--secondary-text-color);
    font-size: 0.8rem;
  }
  .warning {
    color: var(--warning-color, #ffa600);
  }
  @media (max-width: 420px) {
    .row {
      grid-template-columns: auto 4.5em 24px 1fr;
    }
  }
`;var ns={pending:"mdi:timer-sand",searching:"mdi:magnify",found:"mdi:file-find-outline",downloading:"mdi:download",importing:"mdi:import",available:"mdi:check-circle",failed:"mdi:alert-circle",requested:"mdi:timer-sand",partially_available:"mdi:progress-check"};function oe(s){return ns[s]??"mdi:help-circle-outline"}function bt(s){return s.status==="importing"&&s.awaiting_jellyfin?"mdi:television-clock":s.stalled?"mdi:download-off":oe(s.status)}function wt(s,e){if(s.status==="importing"&&s.awaiting_jellyfin)return e("card.waiting_jellyfin");let t=[e(`status.${s.status}`)];return s.stalled?t.push(e("card.stalled")):s.paused&&t.push(e("card.paused")),s.upgrading&&t.push(e("card.upgrading")),t.join(" · ")}function xt(s,e){return s.reason??e?.failed_reason??(s.messages.join("; ")||null)}function At(s,e){return e(`release_type.${s??"unknown"}`)}function ne(s,e,t=""){let i=Math.max(0,Math.min(100,s??0));return d`<div
    class="bar ${t}"
    role="progressbar"
    aria-label=${e}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${Math.round(i)}
  >
    <div style="width: ${i}%"></div>
  </div>`}function xe(s,e){return s===0?e("card.specials"):e("card.season",{season:s})}function St(s,e,t){let i=ie(s.eta,t),o=e("card.overall",{available:s.episodes_available,total:s.episodes_total,percent:Math.round(s.percent_episodes)}),n=s.percent_bytes===null?null:e("card.bytes",{percent:Math.round(s.percent_bytes)});return d`<div class="overall">
    <div class="line"><span>${o}</span>${i?d`<span>${e("card.eta",{eta:i})}</span>`:h}</div>
    ${ne(s.percent_episodes,o)}
    ${n?d`<div class="line muted"><span>${n}</span></div>${ne(s.percent_bytes,n,"bytes")}`:h}
  </div>`}function Rt(s,e,t,i){return d`<header>
    <h2>${s}</h2>
    <span class="muted">
      ${e?i("card.requested_by",{name:e})+" · ":h}${i(`status.${t}`)}
    </span>
  </header>`}function Et(s,e,t){return d`<input
    type="checkbox"
    aria-label=${s}
    title=${s}
    .checked=${e==="all"}
    .indeterminate=${e==="some"}
    @change=${t}
  />`}function Ct(s,e){return`${s}:${e.first}`}function rs(s,e,t,i){let{t:o}=t,n=e.episodes[0],r=wt(n,o),l=gt(e.first,e.last),a=e.episodes.map(y=>y.episode_id),p=t.selection,f=n.download_id?t.downloads.get(n.download_id):void 0,c=e.episodes.length===1,u=c?xt(n,f):null,m=n.stalled?"stalled":n.status,g=[];if(c&&n.status==="downloading"){let y=ie(f?.eta,t.now),k=f?.speed?o("card.speed",{speed:mt(f.speed)}):null;g.push(d`${ne(n.progress,`${l} ${r}`)}
      <span class="muted">${[`${Math.round(n.progress)} %`,k,y?o("card.eta",{eta:y}):null].filter(Boolean).join(" · ")}</span>`)}if(i&&n.release){let y=At(n.release_type,o),k=n.release_type==="season_pack"?o("card.pack",{release:n.release}):`${y}: ${n.release}`,Ae=n.download_id?s.episodes.filter(Ht=>Ht.download_id===n.download_id).length:1;g.push(d`<span class="release">${k}${Ae>1?d` · ${o("card.files_of",{count:Ae})}`:h}</span>`)}u&&g.push(d`<span class="failed">${u}</span>`);let $=!c&&p!==null;return d`<div class="row ${p?"":"no-select"}">
    ${p?Et(o("delete.select_episode",{episode:`${xe(s.season,o)} ${l}`}),we(e.episodes,p.selected),()=>p.toggle(a)):h}
    <span class="code">${$?d`<button class="link" aria-expanded="false" @click=${()=>t.expand(Ct(s.season,e))}>${l}</button>`:l}</span>
    <ha-icon class=${m} .icon=${bt(n)}></ha-icon>
    <span class=${m}>${r}</span>
    ${g.length?d`<div class="detail">${g}</div>`:h}
  </div>`}function as(s,e){let t=e.episodes[0].download_id;return t!==null&&s?.episodes.length===1&&s.episodes[0].download_id===t}function Tt(s,e){let{t}=e,i=xe(s.season,t),o=e.selection,n=s.groups.flatMap(r=>e.expanded.has(Ct(s.season,r))&&r.episodes.length>1?r.episodes.map(l=>({first:l.episode,last:l.episode,episodes:[l],key:null})):[r]);return d`<section class="season" aria-label=${i}>
    <div class="season-head">
      ${o?Et(t("delete.select_season",{season:s.season}),we(s.episodes,o.selected),()=>o.toggle(s.episodes.map(r=>r.episode_id))):h}
      <span>${i}</span>
      <span class="muted">${s.available}/${s.episodes.length}</span>
    </div>
    ${O(n,r=>r.first,(r,l)=>rs(s,r,e,r.episodes.length===1&&!as(n[l-1],r)))}
  </section>`}function kt(s,e){let t=s.available===s.episodes.length;return d`<div class="season-line">
    <span>${xe(s.season,e)}</span>
    <span class=${t?"available":"muted"}>${s.available}/${s.episodes.length}
      ${t?d`<ha-icon .icon=${oe("available")}></ha-icon>`:h}</span>
  </div>`}function Pt(s,e,t,i){return s.length===0?d`<p class="muted">${e("card.no_requests")}</p>`:d`${O(dt(s),o=>`${o.entry_id}/${o.series_id}`,o=>{let n=ie(o.eta,t),r=e("card.overall",{available:o.episodes_available,total:o.episodes_total,percent:Math.round(o.percent_episodes)});return d`<div class="request">
        <div class="line">
          <span>${o.title}</span>
          <span class="muted"><ha-icon .icon=${oe(o.status)}></ha-icon> ${e(`status.${o.status}`)}</span>
        </div>
        ${ne(o.percent_episodes,`${o.title}: ${r}`)}
        ${i?h:d`<div class="line muted"><span>${r}</span>${n?d`<span>${e("card.eta",{eta:n})}</span>`:h}</div>`}
      </div>`})}`}var re=class extends v{constructor(){super();this._unsubscribe=null;this._following=null;this._views=new WeakMap;this._tree=null,this._rows=null,this._gone=!1,this._error=null,this._selected=new Set,this._expanded=new Set,this._dialog=null}static{this.styles=vt}static{this.properties={hass:{attribute:!1},_config:{state:!0},_tree:{state:!0},_rows:{state:!0},_gone:{state:!0},_error:{state:!0},_selected:{state:!0},_expanded:{state:!0},_dialog:{state:!0}}}static getConfigElement(){return document.createElement("status-tracker-card-editor")}static getStubConfig(){return{type:"custom:status-tracker-card"}}setConfig(t){this._config=Ze(t)}getCardSize(){return this._config?.compact?2:this._tree?2+this._tree.seasons.length*2:3}connectedCallback(){super.connectedCallback(),this._follow()}disconnectedCallback(){super.disconnectedCallback(),this._stop()}shouldUpdate(t){if(t.size!==1||!t.has("hass"))return!0;let i=t.get("hass"),o=this.hass;return i===void 0||o===void 0||i.language!==o.language||i.locale?.language!==o.locale?.language||i.user?.is_admin!==o.user?.is_admin}updated(t){if((t.has("hass")||t.has("_config"))&&this._follow(),t.has("_dialog")&&this._dialog){let i=this.renderRoot.querySelector('[role="dialog"]');i&&!i.contains(this.renderRoot instanceof ShadowRoot?this.renderRoot.activeElement:null)&&i.querySelector("button:not([disabled])")?.focus()}}get _t(){return se(this.hass?.locale?.language??this.hass?.language)}_target(){let t=this._config;return t?.series_id===void 0?null:t.config_entry_id?{config_entry_id:t.config_entry_id,series_id:t.series_id}:{series_id:t.series_id}}_follow(){if(!this.hass||!this._config||!this.isConnected)return;let t=this._target(),i=JSON.stringify(t);if(i===this._following)return;this._stop(),this._following=i,this._tree=null,this._rows=null,this._gone=!1,this._error=null;let o=t?ct(this.hass,t,n=>{this._gone="gone"in n,this._tree="tree"in n?n.tree:null,this._tree&&(this._selected=yt(this._selected,this._tree.seasons.flatMap(r=>r.episodes)))}):ee(this.hass,n=>this._rows=n);o.catch(n=>{this._error=te(n)}),this._unsubscribe=o}_stop(){let t=this._unsubscribe;this._unsubscribe=null,this._following=null,t?.then(i=>i()).catch(()=>{})}_seasonViews(t){let i=[];for(let o of[...t.seasons].sort((n,r)=>n.season-r.season)){let n=this._views.get(o.episodes);n||([n]=ht({seasons:[o]}),this._views.set(o.episodes,n)),i.push(n)}return i}get _admin(){return this.hass?.user?.is_admin===!0}render(){let t=this._t,i=this._config;if(!i)return d``;let o;return this._error?o=d`<p class="failed">${t("card.error",{message:this._error})}</p>`:i.series_id===void 0?o=this._renderAll(t):this._gone?o=d`<p class="muted">${t("card.gone")}</p>`:this._tree?o=this._renderTree(this._tree,t):o=d`<p class="muted">${t("card.loading")}</p>`,d`<ha-card class=${i.compact?"compact":""}>${o}</ha-card>`}_renderAll(t){let i=this._config?.title||t("card.all_requests");return d`<header><h2>${i}</h2></header>
      ${this._rows===null?d`<p class="muted">${t("card.loading")}</p>`:Pt(this._rows,t,Date.now(),this._config?.compact===!0)}`}_renderTree(t,i){let o=this._config?.compact===!0,n=this._seasonViews(t),r=Date.now(),l=this._config?.title||t.title,a=d`${Rt(l,t.requested_by,t.status,i)}${St(t,i,r)}`;if(o)return d`${a}${n.map(u=>kt(u,i))}`;let p=this._admin,f={t:i,now:r,downloads:new Map(t.downloads.map(u=>[u.download_id,u])),selection:p?{selected:this._selected,toggle:u=>this._toggle(u)}:null,expanded:this._expanded,expand:u=>this._expanded=new Set([...this._expanded,u])},c=t.deletions[0];return d`${a}
      ${O(n,u=>u.season,u=>We([u,this._selected,this._expanded,t.downloads,p,i],()=>Tt(u,f)))}
      ${c?.summary?d`<p class="muted">${i("card.last_deletion",{summary:c.summary})}</p>`:h}
      ${p?this._renderDeleteBar(t,i):h}
      ${this._dialog?rt(this._dialog,t.title,i,{confirm:()=>this._execute(),close:()=>this._closeDialog()}):h}`}_renderDeleteBar(t,i){let o=this._selected.size;return d`<div class="actions">
      ${o?d`<span class="muted">${i("delete.selected",{count:o})}</span>`:h}
      <button class="action danger" ?disabled=${o===0} @click=${()=>this._plan(t,!1)}>
        ${i("delete.delete_selected")}
      </button>
      <button class="action danger" @click=${()=>this._plan(t,!0)}>${i("delete.delete_series")}</button>
    </div>`}_toggle(t){let i=this._tree?.seasons.flatMap(o=>o.episodes).filter(o=>t.includes(o.episode_id))??[];this._selected=$t(this._selected,i)}async _plan(t,i){let o=this.hass,n=this._target();if(!o||!n)return;let r=_t(t.seasons.flatMap(l=>l.episodes),this._selected);this._dialog={phase:"planning",cascade:i};try{let l=await o.callWS({type:"status_tracker/deletion/plan",...n,...i?{cascade:!0,import_list_exclusion:!0}:{episodes:r}});this._dialog={phase:"confirm",plan:l,cascade:i}}catch(l){this._dialog={phase:"error",message:te(l)}}}async _execute(){let t=this.hass,i=this._dialog;if(!(!t||i?.phase!=="confirm")){this._dialog={...i,phase:"running"};try{let o=await t.callWS({type:"status_tracker/deletion/execute",plan_id:i.plan.plan_id,...i.plan.config_entry_id?{config_entry_id:i.plan.config_entry_id}:{}});this._selected=new Set,this._dialog={phase:"done",log:o}}catch(o){this._dialog={phase:"error",message:te(o)}}}}_closeDialog(){this._dialog?.phase==="planning"||this._dialog?.phase==="running"||(this._dialog=null)}};var ae=class extends v{constructor(){super();this._unsubscribe=null;this._rows=[]}static{this.properties={hass:{attribute:!1},_config:{state:!0},_rows:{state:!0}}}static{this.styles=D`
    label {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-bottom: 12px;
      color: var(--primary-text-color);
    }
    label.inline {
      flex-direction: row;
      align-items: center;
      gap: 8px;
    }
    select,
    input[type="text"] {
      font: inherit;
      padding: 6px;
      color: var(--primary-text-color);
      background: var(--card-background-color, transparent);
      border: 1px solid var(--divider-color);
      border-radius: 4px;
    }
  `}setConfig(t){this._config=t}updated(){this.hass&&!this._unsubscribe&&(this._unsubscribe=ee(this.hass,t=>this._rows=t),this._unsubscribe.catch(()=>{}))}disconnectedCallback(){super.disconnectedCallback(),this._unsubscribe?.then(t=>t()).catch(()=>{}),this._unsubscribe=null}_changed(t){this._config=t,this.dispatchEvent(new CustomEvent("config-changed",{detail:{config:t},bubbles:!0,composed:!0}))}render(){let t=this._config;if(!t)return d``;let i=se(this.hass?.locale?.language??this.hass?.language),o=$e(t),n=[...this._rows].sort((r,l)=>r.title.localeCompare(l.title));return d`
      <label>
        ${i("editor.request")}
        <select @change=${r=>this._changed(Ye(t,r.target.value))}>
          <option value=${""} ?selected=${o===""}>${i("editor.all")}</option>
          ${n.map(r=>{let l=$e({series_id:r.series_id,config_entry_id:r.entry_id});return d`<option value=${l} ?selected=${l===o}>${r.title}</option>`})}
        </select>
      </label>
      <label class="inline">
        <input
          type="checkbox"
          .checked=${t.compact===!0}
          @change=${r=>this._changed({...t,compact:r.target.checked})}
        />
        ${i("editor.compact")}
      </label>
      <label>
        ${i("editor.title")}
        <input
          type="text"
          .value=${t.title??""}
          @change=${r=>{let l=r.target.value.trim(),{title:a,...p}=t;this._changed(l?{...p,title:l}:p)}}
        />
      </label>
    `}};function qt(){customElements.get("status-tracker-card")||(customElements.define("status-tracker-card",class extends re{}),customElements.define("status-tracker-card-editor",class extends ae{}),window.customCards=window.customCards??[],window.customCards.some(s=>s.type==="status-tracker-card")||window.customCards.push({type:"status-tracker-card",name:T.card.name,description:T.card.description,preview:!1}))}qt();var Mt=window.customElements,ls=0,Dt=setInterval(()=>{window.customElements!==Mt&&qt(),(window.customElements!==Mt||++ls>=300)&&clearInterval(Dt)},100);Dt.unref?.();
/*! Bundled license information:

@lit/reactive-element/css-tag.js:
  (**
   * @license
   * Copyright 2019 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

@lit/reactive-element/reactive-element.js:
lit-html/lit-html.js:
lit-element/lit-element.js:
lit-html/directive.js:
lit-html/directives/repeat.js:
  (**
   * @license
   * Copyright 2017 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/is-server.js:
  (**
   * @license
   * Copyright 2022 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/directives/guard.js:
  (**
   * @license
   * Copyright 2018 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)

lit-html/directive-helpers.js:
  (**
   * @license
   * Copyright 2020 Google LLC
   * SPDX-License-Identifier: BSD-3-Clause
   *)
*/
