const { src, dest, parallel, task } = require('gulp');

// tsc builds the code; this copies what it does not: the icons and the node's codex file.
function copyIcons() {
	return src('icons/**/*.svg').pipe(dest('dist/icons'));
}

function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

task('build:icons', parallel(copyIcons, copyCodex));
