# Seed 004 "multiprocessing.Manager()", as written, plus the import the tutorial's snippet leaves out (it uses
# Process and Manager without importing them; the page's earlier snippets import from multiprocessing).
from multiprocessing import Process, Manager

def add_data(p_dict,key,value):
    p_dict[key] = value

if __name__ =="__main__":
    process_dict = Manager().dict()
    first_process = Process(target=add_data,args=(process_dict,"Darr_en1",22))
    second_process = Process(target=add_data,args=(process_dict,"Darr_en2",44))
    first_process.start()
    second_process.start()
    first_process.join()
    second_process.join()

    print(process_dict)
