ps ax
