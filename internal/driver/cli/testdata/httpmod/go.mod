module example.com/httpmod

go 1.26
