pstree
pstree -p
