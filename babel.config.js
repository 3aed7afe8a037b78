// Taro's preset builds the app; jest (NODE_ENV=test) compiles the domain core, the server and the
// tests for the Node version running them.
module.exports = (api) => {
  if (api.env('test')) {
    return {
      presets: [
        ['@babel/preset-env', { targets: { node: 'current' } }],
        '@babel/preset-typescript',
        ['@babel/preset-react', { runtime: 'automatic' }]
      ]
    }
  }
  return {
    presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
    plugins: [
      // NutUI React Taro's documented on-demand import: `import { Button } from '@nutui/nutui-react-taro'`
      // becomes the component's own module plus its compiled CSS (which brings the CSS of the components
      // it is built on, e.g. Popup's Overlay), so each page carries only the styles it uses.
      [
        'import',
        {
          libraryName: '@nutui/nutui-react-taro',
          camel2DashComponentName: false,
          customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
          customStyleName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}/style/css`
        },
        'nutui-react-taro'
      ]
    ]
  }
}
