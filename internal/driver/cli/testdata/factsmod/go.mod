module example.com/factsmod

go 1.26
