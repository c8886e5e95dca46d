// The first visible item named `name` under `parentItem` (depth first), or null.
.pragma library

function child(parentItem, name) {
    for (let i = 0; i < parentItem.children.length; ++i) {
        const c = parentItem.children[i]
        if (c.objectName === name && c.visible)
            return c
        const found = child(c, name)
        if (found)
            return found
    }
    return null
}
